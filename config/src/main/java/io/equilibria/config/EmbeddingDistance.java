package io.equilibria.config;

/**
 * The distance d(e_A[i], e_B[i]) between paired discriminator embeddings that a generator
 * minimises. Each generator may use a different one: the paper's "exploiting boundaries".
 */
public enum EmbeddingDistance implements Choice {
    /**
     * Mean absolute difference per embedding dimension (PyTorch's {@code l1_loss}). First, so that
     * a search narrowed to the other distances reads a parent's summed {@code l1} as this one.
     */
    MEAN_L1,
    /**
     * Sum of absolute differences. It grows with D's embedding size (16 to 512 dimensions), so the
     * embedding term outweighs the class and colour terms dozens of times over; the searches leave it
     * out (see {@link Preset#searchBounds}) and it stays for genomes that chose it.
     */
    L1,
    /** Euclidean norm of the difference. */
    L2,
    /** 1 - cosine similarity. */
    COSINE;
}
