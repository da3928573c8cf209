package org.osprey.api.automation;

/** How long an action runs once the rule starts it (AR-04). */
public enum ActionDuration {
    /** Runs until the rule is no longer active (recording, output while active). */
    WHILE_ACTIVE,
    /** Runs for its own configured time (output pulse). */
    PULSE,
    /** Done once started (e-mail, HTTP notification). */
    ONE_SHOT
}
