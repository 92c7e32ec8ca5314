using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Domains;
using RuleForge.Testing;

namespace RuleForge.EventCalculus.Tests.Loop;

public sealed class DomainPackTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Msa_pack_has_the_whole_catalogue_with_descriptions()
    {
        var pack = DomainPackLoader.Load("msa");
        pack.Activities.Select(a => a.Name).Order().ShouldBe(new[]
        {
            "gap", "highSpeedNearCoast", "trawlSpeed", "trawlingMovement", "lowSpeed", "tuggingSpeed", "sarSpeed", "changingSpeed", "movingSpeed", "sarMovement",
            "drifting", "stopped", "withinArea", "underWay", "trawling", "anchoredOrMoored", "tugging", "pilotOps", "inSAR", "loitering", "rendezVous",
        }.Order());
        pack.Activities.ShouldAllBe(a => a.Description.Length > 20);
        pack.Events.Select(e => e.Name).ShouldContain("velocity");
        pack.Events.Single(e => e.Name == "velocity").Arity.ShouldBe(4);
        pack.Background.Select(b => b.Name).ShouldContain("thresholds");
        pack.Examples.ShouldContain("```prolog");
    }

    [Fact]
    public void Har_pack_has_its_five_activities()
    {
        var pack = DomainPackLoader.Load("har");
        pack.Activities.Select(a => a.Name).ShouldBe(["person", "leaving_object", "meeting", "moving", "fighting"]);
        pack.Activity("fighting")!.Kind.ShouldBe(ActivityKind.Static);
        pack.Fluents.Single(f => f.Name == "close").Arity.ShouldBe(3);
    }

    [Fact]
    public void Dependency_order_puts_prerequisites_first()
    {
        var graph = DomainPackLoader.Load("msa").Graph;
        var order = graph.Order(["loitering"]).ToList();
        order.IndexOf("lowSpeed").ShouldBeLessThan(order.IndexOf("loitering"));
        order.IndexOf("anchoredOrMoored").ShouldBeLessThan(order.IndexOf("loitering"));
        order.IndexOf("stopped").ShouldBeLessThan(order.IndexOf("anchoredOrMoored"));
        order.IndexOf("withinArea").ShouldBeLessThan(order.IndexOf("stopped"));
        order[^1].ShouldBe("loitering");
        graph.Order(["trawling", "trawlSpeed"], withPrerequisites: false).ShouldBe(["trawlSpeed", "trawling"]);
        graph.Prerequisites("trawling").ShouldBe(["withinArea", "gap", "trawlSpeed", "trawlingMovement"]);
    }

    [Fact]
    public void A_cycle_in_a_user_pack_is_reported_with_the_file()
    {
        File.WriteAllText(temp.File("domain.yaml"), """
            name: loop
            activities:
              - name: a
                signature: a(X)=true
                description: first
                dependsOn: [b]
              - name: b
                signature: b(X)=true
                description: second
                dependsOn: [a]
            """);
        var e = Should.Throw<InputException>(() => DomainPackLoader.Load("loop", temp.Path));
        e.Message.ShouldContain("domain.yaml");
        e.Message.ShouldContain("cycle");
    }

    [Fact]
    public void A_user_pack_is_read_from_its_folder_with_examples()
    {
        var dir = Directory.CreateDirectory(Path.Combine(temp.Path, "toy")).FullName;
        File.WriteAllText(Path.Combine(dir, "domain.yaml"), """
            name: toy
            events:
              - signature: go(X)
                meaning: X goes
            activities:
              - name: moving
                signature: moving(X)=true
                description: X moves after going
            """);
        File.WriteAllText(Path.Combine(dir, "examples.md"), "example text");
        var pack = DomainPackLoader.Load("toy", temp.Path);
        pack.Name.ShouldBe("toy");
        pack.Events.Single().Arity.ShouldBe(1);
        pack.Examples.ShouldBe("example text");
        pack.Source.ShouldBe(dir);
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_line()
    {
        File.WriteAllText(temp.File("domain.yaml"), "name: bad\nactivities:\n  - name: [unclosed\n");
        var e = Should.Throw<InputException>(() => DomainPackLoader.LoadFolder(temp.Path));
        e.Message.ShouldContain("domain.yaml:");
    }

    [Fact]
    public void Missing_description_is_bad_input_naming_the_field()
    {
        File.WriteAllText(temp.File("domain.yaml"), "name: t\nactivities:\n  - name: a\n    signature: a(X)=true\n");
        var e = Should.Throw<InputException>(() => DomainPackLoader.LoadFolder(temp.Path));
        e.Message.ShouldContain("activities[0].description");
    }

    [Fact]
    public void Unknown_domain_lists_the_built_in_ones()
    {
        Should.Throw<InputException>(() => DomainPackLoader.Load("nope")).Message.ShouldContain("msa, har");
    }
}
