package org.osprey.certificates.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Points the HTTP service (pax-web) at the server keystore through its configuration. Every other setting
 * of that configuration is kept, and it is only written when a value differs, because each write restarts
 * the web server and drops every open connection.
 */
final class PaxWebTls {

    static final String PID = "org.ops4j.pax.web";
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTPS_ENABLED = "org.osgi.service.http.secure.enabled";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String KEYSTORE = "org.ops4j.pax.web.ssl.keystore";
    static final String KEYSTORE_TYPE = "org.ops4j.pax.web.ssl.keystore.type";
    static final String KEYSTORE_PASSWORD = "org.ops4j.pax.web.ssl.keystore.password";
    static final String KEY_PASSWORD = "org.ops4j.pax.web.ssl.key.password";
    static final String KEY_ALIAS = "org.ops4j.pax.web.ssl.key.alias";
    static final String PROTOCOLS_INCLUDED = "org.ops4j.pax.web.ssl.protocols.included";

    /** SEC-15: TLS 1.2 or newer only. */
    static final String TLS_PROTOCOLS = "TLSv1.3,TLSv1.2";

    /** The settings that only make sense with HTTPS, dropped when it is turned off so no password lingers. */
    private static final List<String> TLS_SETTINGS = List.of(HTTPS_PORT, KEYSTORE, KEYSTORE_TYPE, KEYSTORE_PASSWORD,
            KEY_PASSWORD, KEY_ALIAS, PROTOCOLS_INCLUDED);

    private final ConfigurationAdmin configurationAdmin;

    PaxWebTls(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    /**
     * Serves HTTPS with the keystore's key {@code alias}, and plain HTTP on its own port.
     *
     * @return whether the configuration changed, which restarts the web server
     */
    boolean serveHttps(Path keystore, String password, String alias, int httpsPort, int httpPort) throws IOException {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(HTTP_PORT, Integer.toString(httpPort));
        wanted.put(HTTPS_ENABLED, "true");
        wanted.put(HTTPS_PORT, Integer.toString(httpsPort));
        wanted.put(KEYSTORE, keystore.toAbsolutePath().toString());
        wanted.put(KEYSTORE_TYPE, CertificateStore.KEYSTORE_TYPE);
        wanted.put(KEYSTORE_PASSWORD, password);
        wanted.put(KEY_PASSWORD, password);
        wanted.put(KEY_ALIAS, alias);
        wanted.put(PROTOCOLS_INCLUDED, TLS_PROTOCOLS);
        return apply(wanted, List.of());
    }

    /**
     * Serves plain HTTP only.
     *
     * @return whether the configuration changed, which restarts the web server
     */
    boolean serveHttpOnly(int httpPort) throws IOException {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(HTTP_PORT, Integer.toString(httpPort));
        wanted.put(HTTPS_ENABLED, "false");
        return apply(wanted, TLS_SETTINGS);
    }

    private boolean apply(Map<String, String> wanted, List<String> removed) throws IOException {
        // "?" lets the configuration stay bound to pax-web, whichever bundle created it first.
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> current = configuration.getProperties();
        Hashtable<String, Object> merged = new Hashtable<>();
        if (current != null) {
            for (String key : Collections.list(current.keys())) {
                merged.put(key, current.get(key));
            }
        }
        boolean changed = false;
        for (Map.Entry<String, String> setting : wanted.entrySet()) {
            Object old = merged.put(setting.getKey(), setting.getValue());
            // Files under etc/ give strings, other writers may give numbers or booleans.
            changed |= old == null || !Objects.equals(old.toString(), setting.getValue());
        }
        for (String key : removed) {
            changed |= merged.remove(key) != null;
        }
        if (changed) {
            configuration.update(merged);
        }
        return changed;
    }
}
