package org.raypool.registrar;

import java.util.concurrent.Callable;
import org.raypool.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "farm-registrar", mixinStandardHelpOptions = true, versionProvider = RegistrarMain.VersionProvider.class,
        description = "The RSerPool registrar (PR) of a RayPool farm: ASAP server for workers and clients, ENRP peer of the other registrars.")
public final class RegistrarMain implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new RegistrarMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("farm-registrar: not implemented yet in this build (" + Version.get() + ")");
        return 1;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"farm-registrar " + Version.get()};
        }
    }
}
