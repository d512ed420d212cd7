package org.raypool.submit.pack;

/**
 * The {@code job.conf} that tells ssrun what to render, one {@code key=value} per line, in the order ssrun gives
 * them to POV-Ray: {@code default=} switches (the farm's defaults), {@code ini=} (the INI file, with its section),
 * {@code option=} switches (the user's), {@code library=} folders of {@code --include-path} in the package, then
 * what the farm owns: {@code width}/{@code height}, {@code frame} (a one-frame subset of the animation),
 * {@code start_row}/{@code end_row} for a partial band, and {@code scene}. Keeping the settings out of the script
 * keeps ssrun the same file in every package.
 */
final class JobConfig {

    static final String FILE_NAME = "job.conf";

    private JobConfig() {}

    static String text(RenderJob job, PackageBuilder.SceneFiles files) {
        StringBuilder conf = new StringBuilder();
        // The first line names the render for the worker's status ("orbit.pov frame 3"; farm-worker's JobLabel).
        conf.append("# RayPool render job, read by ssrun: ").append(files.scene())
                .append(job.frame().isStill() ? "" : " " + job.frame()).append('\n');
        conf.append("scene=").append(files.scene()).append('\n');
        for (String option : job.options().farmDefaults()) {
            conf.append("default=").append(option).append('\n');
        }
        job.ini().ifPresent(ini -> conf.append("ini=").append(ini.argument(ini.path().getFileName().toString())).append('\n'));
        for (String option : job.options().povrayOptions()) {
            conf.append("option=").append(option).append('\n');
        }
        for (String folder : files.includeFolders()) {
            conf.append("library=").append(folder).append('\n');
        }
        conf.append("width=").append(job.size().width()).append('\n');
        conf.append("height=").append(job.size().height()).append('\n');
        if (!job.frame().isStill()) {
            conf.append("frame=").append(job.frame().number()).append('\n');
        }
        if (!job.isWholeFrame()) {
            conf.append("start_row=").append(job.band().startRow()).append('\n');
            conf.append("end_row=").append(job.band().endRow()).append('\n');
        }
        return conf.toString();
    }
}
