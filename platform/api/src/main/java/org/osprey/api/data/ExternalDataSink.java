package org.osprey.api.data;

import org.osgi.annotation.versioning.ProviderType;

/** Where an {@link ExternalDataSource} delivers its records; the platform stores and indexes them. */
@ProviderType
public interface ExternalDataSink {

    /** Accepts one record; thread-safe and non-blocking. */
    void accept(ExternalDataRecord record);
}
