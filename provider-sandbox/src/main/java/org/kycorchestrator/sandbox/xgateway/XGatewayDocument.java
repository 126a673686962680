package org.kycorchestrator.sandbox.xgateway;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A KYC document as xGateway's upload page describes it: its {@code docType}, its
 * {@code documentSubType} ({@code FRONT_SIDE} or {@code BACK_SIDE}, for two-sided documents) and,
 * in the sandbox, the SHA-256 and size of the file, so that tests can see exactly what arrived.
 */
record XGatewayDocument(String docType, String documentSubType, String sha256, long size) {

    static final Set<String> TYPES = Set.of("SELFIE", "PASSPORT", "ID_CARD", "DRIVERS", "RESIDENCE_PERMIT", "UTILITY_BILL");
    static final Set<String> SUB_TYPES = Set.of("FRONT_SIDE", "BACK_SIDE");
    /** ID cards and driving licences need both sides; a residence permit one or two. */
    static final Set<String> TWO_SIDED = Set.of("ID_CARD", "DRIVERS");
    static final Set<String> ONE_OR_TWO_SIDED = Set.of("RESIDENCE_PERMIT");
    private static final Set<String> IDENTITY = Set.of("PASSPORT", "ID_CARD", "DRIVERS", "RESIDENCE_PERMIT");

    /** Where a re-upload lands: the same type and side replaces the earlier file. */
    String slot() {
        return documentSubType == null ? docType : docType + "/" + documentSubType;
    }

    /**
     * Whether the documents uploaded so far are what a verification needs, as the page lists them: a
     * selfie, a proof of address, and an identity document with every side it must have.
     */
    static boolean complete(final Map<String, XGatewayDocument> bySlot) {
        final List<XGatewayDocument> documents = List.copyOf(bySlot.values());
        final boolean selfie = documents.stream().anyMatch(d -> d.docType().equals("SELFIE"));
        final boolean address = documents.stream().anyMatch(d -> d.docType().equals("UTILITY_BILL"));
        final boolean identity = IDENTITY.stream().anyMatch(type -> TWO_SIDED.contains(type)
                ? bySlot.containsKey(type + "/FRONT_SIDE") && bySlot.containsKey(type + "/BACK_SIDE")
                : documents.stream().anyMatch(d -> d.docType().equals(type)));
        return selfie && address && identity;
    }
}
