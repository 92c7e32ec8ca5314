using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Prompts;
using RuleForge.Testing;

namespace RuleForge.EventCalculus.Tests.Loop;

public sealed class PromptBuilderTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly DomainPack msa = DomainPackLoader.Load("msa");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void System_prompt_states_the_language_and_output_policy()
    {
        var system = new PromptBuilder(msa).System();
        system.ShouldContain("initiatedAt");
        system.ShouldContain("holdsFor");
        system.ShouldContain("positive `happensAt(...)`");
        system.ShouldContain("```prolog");
        system.ShouldContain("Do not invent predicates");
    }

    [Fact]
    public void Request_carries_domain_learned_prerequisites_and_unavailable_ones()
    {
        var prompt = new PromptBuilder(msa).Request(msa.Activity("gap")!, [new LearnedFluent("withinArea", "initiatedAt(withinArea(V, T0)=true, T) :- happensAt(entersArea(V, A), T), areaType(A, T0).", 1)], ["gap"]);
        prompt.ShouldContain("gap_start(Vessel)");
        prompt.ShouldContain("thresholds(Name, Value)");
        prompt.ShouldContain("The accepted definition of `withinArea`");
        prompt.ShouldContain("happensAt(entersArea(V, A), T)");
        prompt.ShouldContain("Not yet defined (no accepted definition): `gap`");
        prompt.ShouldContain("Write the RTEC definition of the simple fluent `gap`");
        prompt.ShouldNotContain("{{");
    }

    [Fact]
    public void Static_activities_are_asked_for_holdsFor_rules()
    {
        new PromptBuilder(msa).Request(msa.Activity("trawling")!, [], []).ShouldContain("statically determined fluent: `holdsFor(trawling(...)=Value, I)`");
    }

    [Fact]
    public void Refinement_carries_previous_rules_score_and_feedback()
    {
        var text = new PromptBuilder(msa).Refine(msa.Activity("gap")!, "initiatedAt(gap(V)=nearPorts, T) :- happensAt(gap_end(V), T).", 0.25, "- gap/initiatedAt: body literal 1 differs", 1);
        text.ShouldContain("happensAt(gap_end(V), T)");
        text.ShouldContain("Score: 0.25");
        text.ShouldContain("body literal 1 differs");
        text.ShouldContain("Revise the definition of `gap`");
    }

    [Fact]
    public void A_template_file_overrides_the_built_in_one()
    {
        File.WriteAllText(temp.File("system.md"), "Custom system for {{nothing}}.");
        var builder = new PromptBuilder(msa, PromptTemplates.Load(temp.Path));
        builder.System().ShouldBe("Custom system for {{nothing}}.\n");
        builder.Request(msa.Activity("gap")!, [], []).ShouldContain("gap_start"); // other templates stay built in
    }
}
