package org.kycorchestrator.workers.paycc;

/** Paycc status answers with a KYC record full of distinctive personal data, for tests. */
final class PayccRecords {

    static final String NAME = "Kumar Sharma";
    static final String AADHAAR = "XXXXXXXX4321";
    static final String DOB = "1987-06-05";
    static final String PHOTO = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP8AAP8Z";
    static final String ADDRESS_LINE = "14 Nehru Marg, Jaipur";
    static final String PINCODE = "302001";
    static final String PAN = "ENGPK1234Q";

    private PayccRecords() {
    }

    /** A done KYC ({@code 0x0200} with {@code data.kyc}) whose {@code faceMatch} is the given JSON value. */
    static String done(final String faceMatchJson) {
        return "{\"code\":\"0x0200\",\"status\":\"SUCCESS\",\"message\":\"KYC completed.\",\"data\":{\"kyc\":{"
                + "\"name\":\"" + NAME + "\",\"faceMatch\":" + faceMatchJson + ",\"aadhaar\":\"" + AADHAAR + "\","
                + "\"dob\":\"" + DOB + "\",\"photo\":\"" + PHOTO + "\","
                + "\"address\":{\"line\":\"" + ADDRESS_LINE + "\",\"pincode\":\"" + PINCODE + "\"},"
                + "\"pan\":\"" + PAN + "\"}}}";
    }
}
