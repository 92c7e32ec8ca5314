using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Tabular.Scoring;
using RuleForge.Tabular.Validation;

namespace RuleForge.Tabular.Loop;

/// <summary>
/// The tabular learning procedure: hold out part of the learning rows, run Core's <see cref="FeedbackLoop"/>
/// (generator from the registry, <see cref="TabularEvaluator"/> on the held-out part), then retrain the best
/// symbolic recipe on all learning rows. Also estimates the whole procedure by stratified cross-validation.
/// </summary>
public sealed class TabularLearner(TabularGeneratorRegistry registry, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The problem the loop works on for these learning rows (deterministic for a seed, so a resumed run sees the same split).</summary>
    public static TabularProblem Problem(TabularLearnRequest request, IReadOnlyList<int> rows)
    {
        var labelled = rows.Where(r => request.Target.Classes[r] >= 0).ToArray();
        if (labelled.Length == 0)
        {
            throw new InputException($"{request.Data.Source}: no row has a value in target column '{request.Target.Name}'");
        }

        int[] train, validation;
        var smallest = labelled.GroupBy(r => request.Target.Classes[r]).Min(g => g.Count());
        if (smallest >= 4 && labelled.Length >= 20)
        {
            (train, validation) = StratifiedSplitter.Holdout(request.Target, labelled, request.ValidationShare, request.Seed);
        }
        else
        {
            // Too few rows to hold any out: the loop judges candidates on the rows they learned from.
            (train, validation) = (labelled, labelled);
        }

        return new TabularProblem
        {
            Domain = "tabular",
            Target = request.Target.Name,
            Description = $"classify '{request.Target.Name}' in {request.Data.Source}",
            Data = request.Data,
            ClassTarget = request.Target,
            TrainRows = train,
            ValidationRows = validation,
            Seed = request.Seed,
            Ripper = request.Ripper,
            Restarts = request.Restarts,
            Options = new Dictionary<string, string> { ["method"] = request.Method },
        };
    }

    /// <summary>Runs (or resumes) the loop for <paramref name="runId"/>, already created in <paramref name="runs"/>, and builds the final rules.</summary>
    public async Task<TabularLearnResult> LearnAsync(TabularLearnRequest request, IReadOnlyList<int> rows, IRunStore runs, string runId, IProgress<Iteration>? progress, CancellationToken cancellationToken)
    {
        var problem = Problem(request, rows);
        var generator = registry.Create(request.Method, request.Context with { Ripper = request.Ripper });
        var evaluator = new TabularEvaluator(request.Evaluator);
        var options = new FeedbackLoopOptions { MaxIterations = request.MaxIterations, Threshold = request.Threshold, Patience = request.Patience };
        var loop = await new FeedbackLoop(generator, evaluator, runs, options, _time).RunAsync(problem, runId, progress, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (loop.Best is null)
        {
            return new TabularLearnResult { Loop = loop, Chosen = null, Rules = RuleSet.Empty(request.Target.Name) };
        }

        var chosen = Choose(loop, problem.ValidationRows.Count);
        var recipe = chosen.Candidate.Generator == SymbolicRuleGenerator.MethodName ? SymbolicRecipe.TryParse(chosen.Candidate.RawResponse) : null;
        var labelled = rows.Where(r => request.Target.Classes[r] >= 0).ToArray();
        var final = recipe is null
            ? chosen.Candidate.Rules
            : SymbolicRuleGenerator.Train(request.Data, request.Target, labelled, request.Ripper, recipe, cancellationToken);
        return new TabularLearnResult { Loop = loop, Chosen = chosen, Rules = final, Recipe = recipe };
    }

    /// <summary>
    /// The one-standard-error rule (Breiman et al., CART): among the iterations scoring within one standard error of
    /// the best, the simplest — fewest rules, then fewest conditions, then the earliest — so a larger rule set is kept
    /// only when it wins by more than validation noise.
    /// </summary>
    public static Iteration Choose(LoopResult loop, int validationRows)
    {
        var best = loop.Best ?? throw new ArgumentException("the loop has no finished iteration", nameof(loop));
        var p = Math.Clamp(best.Score, 0, 1);
        var se = Math.Sqrt(p * (1 - p) / Math.Max(1, validationRows));
        return loop.Iterations
            .Where(i => i.Score >= best.Score - se)
            .OrderBy(i => i.Candidate.Rules.Rules.Count)
            .ThenBy(i => i.Candidate.Rules.Rules.Sum(r => r.Body is ConditionRule c ? c.Conditions.Count : 0))
            .ThenBy(i => i.Number)
            .First();
    }

    /// <summary>Stratified k-fold estimate of the whole procedure (loop included); inner runs stay in memory.</summary>
    public async Task<CrossValidationResult> CrossValidateAsync(TabularLearnRequest request, int folds, CancellationToken cancellationToken)
    {
        return await CrossValidation.RunAsync(request.Data, request.Target, folds, request.Seed, async (train, ct) =>
        {
            var store = new EphemeralRunStore();
            var id = $"cv-{Guid.NewGuid():N}";
            await store.CreateRunAsync(new RunRecord { Id = id, Domain = "tabular", Target = request.Target.Name }, ct);
            var result = await LearnAsync(request, train, store, id, null, ct);
            if (result.Loop.StopReason == StopReason.Error)
            {
                throw new InvalidOperationException($"learning failed in a cross-validation fold: {result.Loop.Error}");
            }

            return result.Rules;
        }, cancellationToken);
    }
}
