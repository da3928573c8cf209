package org.osprey.api.dto;

/**
 * {@code POST /api/v1/cameras/{id}/recordings/manual} body; {@code {}} records with the server's default
 * buffers.
 *
 * @param prebufferSeconds  seconds before now to record too, up to the server's longest prebuffer (60 at most)
 * @param postbufferSeconds seconds to go on recording after the stop, 0 to 3600
 */
public record ManualRecordingDTO(Integer prebufferSeconds, Integer postbufferSeconds) {
}
