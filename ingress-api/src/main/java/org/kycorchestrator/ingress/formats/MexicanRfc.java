package org.kycorchestrator.ingress.formats;

import java.time.Month;
import java.time.MonthDay;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile's {@code taxId}: the Mexican RFC that Capa requires for Mexico, in the SAT's pattern:
 * four letters for a person (persona física, 13 characters) or three for a company (persona moral,
 * 12), the date of birth or incorporation as {@code yyMMdd}, and a three-character homoclave whose
 * last character is a digit or {@code A}. The date must be a real day in 19yy or 20yy. The homoclave's
 * check digit is not verified: only the SAT can tell whether an RFC was issued.
 */
public final class MexicanRfc implements FieldFormat {

    private static final Pattern RFC = Pattern.compile("([A-ZÑ&]{3,4})([0-9]{2})([0-9]{2})([0-9]{2})[A-Z0-9]{2}[0-9A]");

    @Override
    public Optional<String> problem(final String value) {
        final Matcher rfc = RFC.matcher(value);
        if (!rfc.matches()) {
            return Optional.of("must be a Mexican RFC: 4 letters (3 for a company), a date yyMMdd and a 3-character homoclave, "
                    + "in upper case, e.g. GODE561231GR8");
        }
        final int yy = Integer.parseInt(rfc.group(2));
        final int month = Integer.parseInt(rfc.group(3));
        final int day = Integer.parseInt(rfc.group(4));
        return isRealDay(yy, month, day) ? Optional.empty()
                : Optional.of("must be a Mexican RFC whose date part (yyMMdd, after the letters) is a real day");
    }

    private static boolean isRealDay(final int yy, final int month, final int day) {
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).maxLength()) {
            return false;
        }
        // 29 February needs a leap year in one of the two centuries the two digits may mean.
        final MonthDay monthDay = MonthDay.of(month, day);
        return monthDay.isValidYear(1900 + yy) || monthDay.isValidYear(2000 + yy);
    }
}
