package org.raypool.worker;

import java.util.concurrent.Callable;
import org.raypool.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "farm-worker", mixinStandardHelpOptions = true, versionProvider = WorkerMain.VersionProvider.class,
        description = "The RayPool worker: a Scripting Service pool element that renders work packages with POV-Ray.")
public final class WorkerMain implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerMain()).setParameterExceptionHandler(WorkerMain::usageError).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("farm-worker: not implemented yet in this build (" + Version.get() + ")");
        return 1;
    }

    /** A user mistake gets one line naming it and where to look, never the whole usage or a stack trace. */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        e.getCommandLine().getErr().println("farm-worker: " + e.getMessage());
        e.getCommandLine().getErr().println("Try 'farm-worker --help' for the options.");
        return 2;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"farm-worker " + Version.get()};
        }
    }
}
