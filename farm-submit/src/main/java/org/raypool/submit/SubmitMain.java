package org.raypool.submit;

import java.util.concurrent.Callable;
import org.raypool.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "farm-submit", mixinStandardHelpOptions = true, versionProvider = SubmitMain.VersionProvider.class,
        description = "Renders POV-Ray scenes on a RayPool farm and collects the images.")
public final class SubmitMain implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SubmitMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("farm-submit: not implemented yet in this build (" + Version.get() + ")");
        return 1;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"farm-submit " + Version.get()};
        }
    }
}
