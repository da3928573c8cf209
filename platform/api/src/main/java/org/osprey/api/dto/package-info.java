/**
 * Data transfer objects of the REST API, shared by the server and its clients. Plain records of
 * strings, numbers, booleans, lists and maps, so any JSON library reads them.
 */
@Export
@Version("1.2.0")
package org.osprey.api.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
