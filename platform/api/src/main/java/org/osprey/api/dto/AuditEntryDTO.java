package org.osprey.api.dto;

/**
 * One audit entry.
 *
 * @param sequence position in the trail
 * @param time     ISO-8601
 * @param user     who
 * @param source   from where
 * @param action   what kind of action
 * @param target   to what
 * @param details  free text
 */
public record AuditEntryDTO(long sequence, String time, String user, String source, String action, String target,
        String details) {
}
