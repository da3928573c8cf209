/**
 * Steering of simulated devices: switch motion per picture region, set input and output ports, raise
 * device events and drop a device's connection for a while, so tests and demos can make the events a real
 * site would.
 */
@Export
@Version("1.1.0")
package org.osprey.device.simulator.control;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
