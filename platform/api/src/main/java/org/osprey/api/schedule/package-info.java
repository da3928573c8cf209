/**
 * Named weekly schedules (SCH-01): time slots on a week, in 5-minute steps, with exceptions for given days,
 * used by recording methods, rules and anything else that is active only at certain times.
 */
@Export
@Version("1.0.0")
package org.osprey.api.schedule;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
