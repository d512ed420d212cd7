package org.raypool.submit.pack;

/**
 * The {@code job.conf} that tells ssrun what to render: one {@code key=value} per line
 * (scene, width, height, antialias, the band's start_row/end_row unless it is the whole
 * frame, and one {@code option=} line per pass-through POV-Ray switch). Keeping the settings
 * out of the script keeps ssrun the same file in every package.
 */
final class JobConfig {

    static final String FILE_NAME = "job.conf";
    static final String SCENE_FILE = "input.pov";

    private JobConfig() {}

    static String text(RenderJob job) {
        StringBuilder conf = new StringBuilder();
        conf.append("# RayPool render job, read by ssrun: ").append(job.scene().getFileName()).append('\n');
        conf.append("scene=").append(SCENE_FILE).append('\n');
        conf.append("width=").append(job.size().width()).append('\n');
        conf.append("height=").append(job.size().height()).append('\n');
        conf.append("antialias=").append(job.options().antialias().settingValue()).append('\n');
        if (!job.isWholeFrame()) {
            conf.append("start_row=").append(job.band().startRow()).append('\n');
            conf.append("end_row=").append(job.band().endRow()).append('\n');
        }
        for (String option : job.options().povrayOptions()) {
            conf.append("option=").append(option).append('\n');
        }
        return conf.toString();
    }
}
