package io.equilibria.config;

/** How a generator doubles the resolution between synthesis blocks. */
public enum Upsampling implements Choice {
    NEAREST("nearest"),
    BILINEAR("bilinear");

    private final String jsonName;

    Upsampling(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
