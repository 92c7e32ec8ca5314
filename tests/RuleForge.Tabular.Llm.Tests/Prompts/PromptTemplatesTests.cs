using RuleForge.Core.Errors;
using RuleForge.Tabular.Llm.Generation;
using RuleForge.Tabular.Llm.Prompts;
using RuleForge.Tabular.Llm.Tests.Support;
using RuleForge.Testing.Tabular;
using RuleForge.Testing;

namespace RuleForge.Tabular.Llm.Tests.Prompts;

public sealed class PromptTemplatesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_template_file_in_the_prompt_folder_replaces_the_built_in_one()
    {
        File.WriteAllText(_folder.File("propose.md"), "Predict {{target}} from:\n{{schema}}\nOnly {{max_rules}} rules.");
        var model = new ScriptedChatModel(Tables.Block("DEFAULT class = neg"));
        var options = new LlmGeneratorOptions { Templates = PromptTemplates.Load(_folder.Path) };

        await new LlmRuleGenerator(model, LlmRuleMode.Propose, options).GenerateAsync(Tables.Problem(SyntheticTables.Create()), [], CancellationToken.None);

        model.LastUserMessage(0).ShouldStartWith("Predict class from:\n- x: numeric");
        model.LastUserMessage(0).ShouldEndWith("Only 30 rules.\n");
        model.Requests[0].Messages[0].Content.ShouldContain("exactly one fenced code block tagged `rules`");
    }

    [Fact]
    public void An_unknown_placeholder_is_an_error_naming_the_file()
    {
        var file = _folder.File("repair.md");
        File.WriteAllText(file, "Fix these: {{mistakes}}");

        var error = Should.Throw<InputException>(() => PromptTemplates.Load(_folder.Path).Render("repair", new Dictionary<string, string> { ["errors"] = "x" }));

        error.Message.ShouldBe($"{file}: unknown placeholder(s) {{{{mistakes}}}}; known here: {{{{errors}}}}");
    }

    [Fact]
    public void A_missing_prompt_folder_is_bad_input()
    {
        Should.Throw<InputException>(() => PromptTemplates.Load(Path.Combine(_folder.Path, "nope"))).Message.ShouldContain("does not exist");
    }
}
