package org.osprey.shell.internal;

import java.io.IOException;
import org.apache.karaf.shell.api.console.Session;

/** Asks for a new password twice, without echo. */
final class Passwords {

    private Passwords() {
    }

    /** The password typed twice alike, or {@code null} after telling the user they differ. */
    static String ask(Session session, String name) throws IOException {
        String first = session.readLine("New password for " + name + ": ", '*');
        String second = session.readLine("Repeat it: ", '*');
        if (first == null || !first.equals(second)) {
            System.out.println("The passwords differ; nothing changed");
            return null;
        }
        return first;
    }
}
