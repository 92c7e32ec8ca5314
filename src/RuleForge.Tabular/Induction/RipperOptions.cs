namespace RuleForge.Tabular.Induction;

/// <summary>Settings of the RIPPER learner; the defaults are Cohen's and Weka JRip's (-F 3 -N 2.0 -O 2 -S 1).</summary>
public sealed record RipperOptions
{
    /// <summary>Data is split into this many parts: one prunes, the rest grows (3 → 2/3 grow, 1/3 prune).</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Least total weight of positives a condition must keep covered while growing.</summary>
    public double MinWeight { get; init; } = 2.0;

    /// <summary>Optimisation passes (replacement and revision of each rule).</summary>
    public int Optimizations { get; init; } = 2;

    /// <summary>Seed of the grow/prune splits; the same seed and data give the same rules.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Stop adding rules once a rule's error rate on its covered data reaches 1/2.</summary>
    public bool CheckErrorRate { get; init; } = true;

    /// <summary>Stop when the description length exceeds the smallest seen by this many bits.</summary>
    public double MaxDescriptionLengthSurplus { get; init; } = 64.0;

    /// <summary>Nominal feature columns with more distinct values than this are not used in conditions.</summary>
    public int MaxNominalValues { get; init; } = 1000;

    public void Validate()
    {
        if (Folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "RIPPER needs at least 2 folds (grow and prune)");
        }

        if (MinWeight < 0 || Optimizations < 0 || MaxNominalValues < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinWeight), "min weight and optimisations must not be negative");
        }
    }
}
