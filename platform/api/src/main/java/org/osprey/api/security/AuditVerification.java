package org.osprey.api.security;

/**
 * The outcome of checking the audit trail's hash chain.
 *
 * @param intact              whether every entry is unchanged and none is missing
 * @param entriesChecked      how many entries were checked
 * @param firstBrokenSequence sequence number of the first entry that was edited, or after which entries
 *                            were deleted; 0 when intact
 * @param message             what was found, for people
 */
public record AuditVerification(boolean intact, long entriesChecked, long firstBrokenSequence, String message) {
}
