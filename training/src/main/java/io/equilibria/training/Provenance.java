package io.equilibria.training;

import ai.djl.engine.Engine;

/** Where and with what a result was computed. */
public record Provenance(String device, String djlVersion, String pytorchVersion, String programVersion) {

    static Provenance of(ai.djl.Device device) {
        Engine engine = Engine.getEngine("PyTorch");
        return new Provenance(Devices.name(device), Engine.getDjlVersion(), engine.getVersion(), current());
    }

    /** The version of this program, from its jar manifest, or "dev" when run from classes. */
    public static String current() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
