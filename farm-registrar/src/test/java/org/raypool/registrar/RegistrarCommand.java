package org.raypool.registrar;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** farm-registrar's command line in this JVM, for the option tests. */
final class RegistrarCommand {
    private RegistrarCommand() {}

    /** The command after parsing {@code args}, for its {@link RegistrarMain#config()}. */
    static RegistrarMain parsed(String... args) {
        CommandLine cl = RegistrarMain.commandLine();
        cl.parseArgs(args);
        return (RegistrarMain) cl.getCommand();
    }

    /** Runs it: the exit code and what it printed to stderr. */
    static String[] run(String... args) {
        CommandLine cl = RegistrarMain.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new String[] {Integer.toString(rc), err.toString()};
    }
}
