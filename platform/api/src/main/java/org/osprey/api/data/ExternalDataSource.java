package org.osprey.api.data;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/** An external data plugin: feeds time-stamped records into the server (DS-*). */
@ConsumerType
public interface ExternalDataSource extends Plugin {

    /** The columns of its records. */
    List<DataColumn> columns();

    /** Starts delivering records to the sink; returns at once. */
    void start(ExternalDataSink sink);

    /** Stops delivering; returns quickly. */
    void stop();
}
