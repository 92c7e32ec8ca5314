using RuleForge.Core.Costs;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Loop;

namespace RuleForge.Tabular.Tests.Loop;

public sealed class AdaptiveRuleGeneratorTests
{
    private sealed class Named(string name) : IRuleGenerator
    {
        public string Name => name;

        public Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken) =>
            Task.FromResult(new Candidate { Rules = RuleSet.Empty("c"), Generator = name });
    }

    private static Iteration It(int n, string generator, double score, long tokens) => new()
    {
        Number = n,
        Candidate = new Candidate { Rules = RuleSet.Empty("c"), Generator = generator, Usage = new Usage { PromptTokens = tokens } },
        Evaluation = new Evaluation { Score = score },
    };

    private readonly AdaptiveRuleGenerator _adaptive = new([new Named("symbolic"), new Named("llm-symbolic-loop"), new Named("hybrid")]);

    [Fact]
    public void Untried_methods_go_first_in_order()
    {
        _adaptive.Choose([]).Name.ShouldBe("symbolic");
        _adaptive.Choose([It(1, "symbolic", 0.8, 0)]).Name.ShouldBe("llm-symbolic-loop");
    }

    [Fact]
    public void After_trying_all_the_best_gain_per_cost_wins()
    {
        // symbolic: gain 0.8 / cost 1; llm loop: gain 0.1 / cost 4; hybrid: gain 0.05 / cost 4.
        var history = new[] { It(1, "symbolic", 0.8, 0), It(2, "llm-symbolic-loop", 0.9, 3000), It(3, "hybrid", 0.95, 3000) };
        _adaptive.Choose(history).Name.ShouldBe("symbolic");

        // symbolic 0.5 / 1 beats the loop's 0.4 / 2 … until four stale symbolic steps bring it to 0.5 / 5.
        var second = new[] { It(1, "symbolic", 0.5, 0), It(2, "llm-symbolic-loop", 0.9, 1000), It(3, "hybrid", 0.9, 1000) };
        _adaptive.Choose(second).Name.ShouldBe("symbolic");
        var stale = second.Concat(Enumerable.Range(4, 4).Select(n => It(n, "symbolic", 0.5, 0))).ToArray();
        _adaptive.Choose(stale).Name.ShouldBe("llm-symbolic-loop");
    }

    [Fact]
    public void Cost_is_one_plus_thousands_of_tokens()
    {
        AdaptiveRuleGenerator.Cost(It(1, "llm", 0, 2500).Candidate).ShouldBe(3.5);
    }
}
