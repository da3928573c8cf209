package org.osprey.certificates.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Configuration Admin holding only pax-web's configuration, counting its updates. */
final class FakePaxWebConfiguration {

    final ConfigurationAdmin admin = mock(ConfigurationAdmin.class);
    private final Configuration configuration = mock(Configuration.class);
    private Hashtable<String, Object> properties;
    private int updates;

    FakePaxWebConfiguration(Map<String, Object> initial) throws IOException {
        properties = initial == null ? null : new Hashtable<>(initial);
        when(admin.getConfiguration(PaxWebTls.PID, "?")).thenReturn(configuration);
        when(configuration.getProperties()).thenAnswer(call -> properties == null ? null : new Hashtable<>(properties));
        doAnswer(call -> {
            Dictionary<String, ?> update = call.getArgument(0);
            Hashtable<String, Object> copy = new Hashtable<>();
            for (String key : Collections.list(update.keys())) {
                copy.put(key, update.get(key));
            }
            properties = copy;
            updates++;
            return null;
        }).when(configuration).update(any(Dictionary.class));
    }

    /** The current properties, or {@code null} while the configuration does not exist. */
    Map<String, Object> properties() {
        return properties == null ? null : Map.copyOf(properties);
    }

    Object get(String key) {
        return properties == null ? null : properties.get(key);
    }

    int updates() {
        return updates;
    }
}
