package org.kycorchestrator.sandbox.xgateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;

/**
 * Reads a KYC document upload as xGateway's upload page describes it: {@code multipart/form-data}
 * with {@code docType}, {@code documentSubType} (FRONT_SIDE or BACK_SIDE; required for ID_CARD
 * and DRIVERS, refused for one-sided documents) and {@code file}, a JPG, PNG or PDF under 50 MB.
 * The page names the type values and the sub-type parameter; the name of the file field is
 * assumed. The file's format is checked by its first bytes, as a vendor that decodes it would.
 */
final class XGatewayUploads {

    static final long MAX_FILE_BYTES = 50L * 1024 * 1024;
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    private static final List<byte[]> SIGNATURES = List.of(
            new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
            "%PDF-".getBytes(StandardCharsets.US_ASCII));

    private XGatewayUploads() {
    }

    static XGatewayDocument read(final Context ctx) {
        final String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/form-data")) {
            throw new XGatewayApiException(415, "unsupported_media_type", "The document must be sent as multipart/form-data.");
        }
        final Map<String, Part> parts = parts(ctx);
        try {
            final String docType = text(parts.get("docType"));
            if (docType == null || !XGatewayDocument.TYPES.contains(docType)) {
                throw XGatewayApiException.badRequest("docType must be one of SELFIE, PASSPORT, ID_CARD, DRIVERS, RESIDENCE_PERMIT, UTILITY_BILL.");
            }
            final String subType = subType(docType, text(parts.get("documentSubType")));
            final Part file = parts.get("file");
            if (file == null || file.getSize() == 0) {
                throw XGatewayApiException.badRequest("file is required.");
            }
            return new XGatewayDocument(docType, subType, checkedDigest(file), file.getSize());
        } catch (IOException e) {
            throw XGatewayApiException.badRequest("The document could not be read.");
        } finally {
            parts.values().forEach(XGatewayUploads::delete);
        }
    }

    private static Map<String, Part> parts(final Context ctx) {
        try {
            ctx.req().setAttribute(MULTIPART_CONFIG,
                    new MultipartConfigElement(System.getProperty("java.io.tmpdir"), MAX_FILE_BYTES, MAX_FILE_BYTES + 65_536, 262_144));
            final Collection<Part> all = ctx.req().getParts();
            final Map<String, Part> byName = new HashMap<>();
            all.forEach(part -> byName.putIfAbsent(part.getName(), part));
            return byName;
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause.getMessage() != null && cause.getMessage().startsWith("max ")) {
                    throw new XGatewayApiException(413, "payload_too_large", "The file must be under 50MB.");
                }
            }
            throw XGatewayApiException.badRequest("The body is not a valid multipart/form-data form.");
        }
    }

    private static String subType(final String docType, final String subType) {
        if (subType != null && !XGatewayDocument.SUB_TYPES.contains(subType)) {
            throw XGatewayApiException.badRequest("documentSubType must be FRONT_SIDE or BACK_SIDE.");
        }
        if (subType == null && XGatewayDocument.TWO_SIDED.contains(docType)) {
            throw XGatewayApiException.badRequest(docType + " needs two sides: send each with documentSubType FRONT_SIDE or BACK_SIDE.");
        }
        if (subType != null && !XGatewayDocument.TWO_SIDED.contains(docType) && !XGatewayDocument.ONE_OR_TWO_SIDED.contains(docType)) {
            throw XGatewayApiException.badRequest(docType + " has one side: send it without documentSubType.");
        }
        return subType;
    }

    /** The file's hex SHA-256, after checking it is a JPG, PNG or PDF by its first bytes. */
    private static String checkedDigest(final Part file) throws IOException {
        final MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(file.getInputStream(), sha256)) {
            final byte[] head = in.readNBytes(8);
            if (SIGNATURES.stream().noneMatch(signature -> head.length >= signature.length
                    && Arrays.equals(head, 0, signature.length, signature, 0, signature.length))) {
                throw new XGatewayApiException(415, "unsupported_media_type", "The file must be a JPG, PNG or PDF.");
            }
            // Only the hash is kept.
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String text(final Part part) throws IOException {
        if (part == null) {
            return null;
        }
        try (InputStream in = part.getInputStream()) {
            final String value = new String(in.readNBytes(64), StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? null : value;
        }
    }

    private static void delete(final Part part) {
        try {
            part.delete();
        } catch (IOException | RuntimeException e) {
            // Jetty removes what is left when the request ends.
        }
    }
}
