using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Rules;
using RuleForge.Forecasting.Retrodiction;
using RuleForge.Forecasting.Rules;

namespace RuleForge.Forecasting.Generators;

/// <summary>
/// Asks a chat model for forecast rules: the prompt carries the baseline's metrics, where its errors are biased and how
/// earlier rules performed; the reply must follow <see cref="ForecastRuleGrammar"/> and is parsed and validated, never executed.
/// </summary>
public sealed class LlmForecastGenerator(IChatModel chat, LlmForecastGeneratorOptions? options = null) : IRuleGenerator
{
    private readonly LlmForecastGeneratorOptions _options = options ?? new LlmForecastGeneratorOptions();

    public string Name => "llm";

    public async Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
    {
        var p = problem as ForecastProblem ?? throw new ArgumentException("the LLM forecast generator needs a ForecastProblem", nameof(problem));
        var prompt = BuildPrompt(p, history);
        var request = new ChatRequest
        {
            Messages = [new ChatMessage(ChatRole.System, "You write forecast-adjustment rules for a time-series model.\n" + ForecastRuleGrammar.Description), new ChatMessage(ChatRole.User, prompt)],
            Model = _options.Model,
            Temperature = _options.Temperature,
            MaxTokens = _options.MaxTokens,
            Seed = _options.Seed,
        };
        var response = await chat.CompleteAsync(request, cancellationToken);
        var (rules, errors) = ForecastRuleGrammar.Parse(response.Text, p.Frame.Numeric.ContainsKey, p.Spec.Target);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));
        var set = ForecastRuleFile.ToRuleSet(p.Target, rules.Take(5).ToArray(), RuleSource.Llm, new Provenance { Generator = Name, Model = response.Model ?? chat.Name, PromptHash = hash, Iteration = history.Count + 1 });
        return new Candidate
        {
            Rules = set,
            Generator = Name,
            Model = response.Model ?? chat.Name,
            PromptHash = hash,
            Usage = response.Usage,
            RawResponse = errors.Count == 0 ? response.Text : response.Text + "\n# rejected:\n# " + string.Join("\n# ", errors),
        };
    }

    /// <summary>The user prompt: baseline metrics on the fit span, variables and their ranges, biased regions, and feedback on earlier rules.</summary>
    public string BuildPrompt(ForecastProblem p, IReadOnlyList<Iteration> history)
    {
        var fit = new RetrodictionEvaluator(p.Frame, p.Fit, p.Retrodiction);
        var m = fit.Baseline;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"Target: {p.Spec.Target}, forecast {p.Spec.Horizon} step(s) ahead by a {p.Options.GetValueOrDefault("model", "baseline")} model.\n");
        s.Append(CultureInfo.InvariantCulture, $"Baseline on {m.Steps} fit steps: rmse {m.Rmse:G4}, mae {m.Mae:G4}, bias (forecast-actual) {m.MeanBiasError:+0.####;-0.####}, r2 {m.R2:F3}.\n");
        s.Append("Variables (value at the forecast origin; min / median / max):\n");
        foreach (var name in p.Frame.Numeric.Keys)
        {
            var x = fit.State.Numeric(name).Where(v => !double.IsNaN(v)).Order().ToArray();
            if (x.Length > 0)
            {
                s.Append(CultureInfo.InvariantCulture, $"  {name}: {x[0]:G4} / {ForecastMetrics.Quantile(x, 0.5):G4} / {x[^1]:G4}\n");
            }
        }

        var patterns = new SymbolicForecastGenerator(new SymbolicGeneratorOptions { MinT = 1.5 }).Propose(p, fit).Take(_options.ErrorPatterns).ToArray();
        if (patterns.Length > 0)
        {
            s.Append("Where the baseline is biased (mean actual-minus-forecast where the condition holds):\n");
            var perf = fit.Screen(patterns);
            for (var i = 0; i < patterns.Length; i++)
            {
                var c = patterns[i].Conditions[0];
                s.Append(CultureInfo.InvariantCulture, $"  {c}: {-perf[i].BaselineBiasWhereFired:+0.####;-0.####} over {perf[i].Fired} steps\n");
            }
        }

        if (FeedbackLoop.Best(history) is { } best)
        {
            s.Append("Earlier rules, judged on a held-out validation span:\n").Append(best.Evaluation.Feedback);
            s.Append("Keep rules that helped, fix the size of those with bias left where they fired, replace those that hurt.\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"Write up to 5 rules adjusting {p.Spec.Target}.");
        return s.ToString();
    }
}
