package org.kycorchestrator.sandbox.grid;

/**
 * Something a webhook announces: its {@code type} and the resource it carries as {@code data}, a
 * {@link GridCustomerView} for {@code CUSTOMER.*} and a {@link GridVerification} for {@code VERIFICATION.*}.
 */
record GridEvent(String type, Object data) {
}
