package org.raypool.submit;

import java.util.concurrent.Callable;
import org.raypool.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "farm-submit", mixinStandardHelpOptions = true, versionProvider = SubmitMain.VersionProvider.class,
        description = "Renders POV-Ray scenes on a RayPool farm and collects the images.")
public final class SubmitMain implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SubmitMain()).setParameterExceptionHandler(SubmitMain::usageError).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("farm-submit: not implemented yet in this build (" + Version.get() + ")");
        return 1;
    }

    /** A user mistake gets one line naming it and where to look, never the whole usage or a stack trace. */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        e.getCommandLine().getErr().println("farm-submit: " + e.getMessage());
        e.getCommandLine().getErr().println("Try 'farm-submit --help' for the options.");
        return 2;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"farm-submit " + Version.get()};
        }
    }
}
