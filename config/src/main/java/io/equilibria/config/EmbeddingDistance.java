package io.equilibria.config;

/**
 * The distance d(e_A[i], e_B[i]) between paired discriminator embeddings that a generator
 * minimises. Each generator may use a different one: the paper's "exploiting boundaries".
 */
public enum EmbeddingDistance implements Choice {
    /** Sum of absolute differences. */
    L1("l1"),
    /** Euclidean norm of the difference. */
    L2("l2"),
    /** 1 - cosine similarity. */
    COSINE("cosine");

    private final String jsonName;

    EmbeddingDistance(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
