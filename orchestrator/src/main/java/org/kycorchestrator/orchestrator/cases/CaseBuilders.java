package org.kycorchestrator.orchestrator.cases;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.kycorchestrator.schemas.cases.KycCase;

/**
 * Builders of a case that start from another case's own field values. Avro's
 * {@code KycCase.newBuilder(KycCase)} deep-copies every field, the whole history included, and a
 * transition builds a new case several times; that copying was a quarter of the orchestrator's CPU.
 * A transition never changes a case, or a list or record inside one, in place (it sets new values
 * on a builder), so the cases before and after a step can share the fields the step leaves alone.
 *
 * <p>The fields come from the schema, not from a list written here, so a field added to the schema
 * is copied too; a field whose generated getter or setter is not where Avro puts them fails at
 * class initialisation, not by being silently left out.
 */
final class CaseBuilders {

    /** @param defaultValue the field's schema default, made once; {@code NO_DEFAULT} when it has none */
    private record Field(MethodHandle getter, MethodHandle setter, Object defaultValue) {
    }

    private static final Object NO_DEFAULT = new Object();

    private static final SpecificData MODEL = new KycCase().getSpecificData();
    private static final List<Field> FIELDS = KycCase.getClassSchema().getFields().stream().map(CaseBuilders::field).toList();

    private CaseBuilders() {
    }

    /**
     * A builder of a new case, holding every schema default made once and shared: Avro's own
     * {@code build()} looks each unset field's default up by hashing the field's whole schema, for
     * every case registered. A transition never changes a value in place, so the defaults can be shared.
     */
    static KycCase.Builder fresh() {
        final KycCase.Builder builder = KycCase.newBuilder();
        try {
            for (Field field : FIELDS) {
                if (field.defaultValue() != NO_DEFAULT) {
                    field.setter().invokeExact(builder, field.defaultValue());
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a case", e);
        }
        return builder;
    }

    /** A builder holding {@code kycCase}'s field values themselves; set only what changes. */
    static KycCase.Builder sharing(final KycCase kycCase) {
        final KycCase.Builder builder = KycCase.newBuilder();
        try {
            for (Field field : FIELDS) {
                field.setter().invokeExact(builder, field.getter().invokeExact(kycCase));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot copy a case", e);
        }
        return builder;
    }

    private static Field field(final Schema.Field field) {
        final String accessor = Character.toUpperCase(field.name().charAt(0)) + field.name().substring(1);
        try {
            final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            final MethodHandle getter = lookup.findVirtual(KycCase.class, "get" + accessor,
                    MethodType.methodType(KycCase.class.getMethod("get" + accessor).getReturnType()));
            final MethodHandle setter = lookup.findVirtual(KycCase.Builder.class, "set" + accessor,
                    MethodType.methodType(KycCase.Builder.class, getter.type().returnType()));
            // One shape for every field, so the loop above can call them all with invokeExact.
            return new Field(getter.asType(MethodType.methodType(Object.class, KycCase.class)),
                    setter.asType(MethodType.methodType(void.class, KycCase.Builder.class, Object.class)),
                    field.hasDefaultValue() ? MODEL.deepCopy(field.schema(), MODEL.getDefaultValue(field)) : NO_DEFAULT);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("KycCase's field " + field.name() + " has no get" + accessor
                    + " or no Builder.set" + accessor + " of the same type", e);
        }
    }
}
