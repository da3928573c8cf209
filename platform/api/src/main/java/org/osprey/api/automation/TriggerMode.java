package org.osprey.api.automation;

/** How a trigger behaves over time (AR-06). */
public enum TriggerMode {
    /** Active for a span: it reports both activation and deactivation. */
    STATEFUL,
    /** A moment: it only reports activations; the rule's trigger period gives it a length. */
    PULSE
}
