namespace RuleForge.Forecasting.Curriculum;

/// <summary>One span in the chosen order with its weighted score and the four criteria (each in [0,1]) at the time it was picked.</summary>
public sealed record CurriculumStep(int Order, CurriculumSpan Span, double Score, double ErrorReduction, double Coverage, double EdgeCases, double Novelty);
