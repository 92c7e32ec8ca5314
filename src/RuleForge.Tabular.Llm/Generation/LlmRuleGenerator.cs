using System.Security.Cryptography;
using System.Text;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Tabular.Llm.Grammar;
using RuleForge.Tabular.Llm.Prompts;
using RuleForge.Tabular.Loop;

namespace RuleForge.Tabular.Llm.Generation;

/// <summary>
/// Asks a chat model for tabular rules in the strict grammar. A reply that does not parse gets exactly one repair
/// request quoting the errors; if that reply fails too, the iteration fails with <see cref="RuleReplyException"/>.
/// </summary>
public sealed class LlmRuleGenerator(IChatModel model, LlmRuleMode mode, LlmGeneratorOptions? options = null, string? name = null) : IRuleGenerator
{
    public const string MethodName = "llm";
    public const string LoopMethodName = "llm-symbolic-loop";

    private readonly LlmGeneratorOptions _options = options ?? new LlmGeneratorOptions();
    private readonly TabularPromptBuilder _builder = new((options ?? new LlmGeneratorOptions()).Templates, (options ?? new LlmGeneratorOptions()).Prompt);

    public string Name { get; } = name ?? (mode == LlmRuleMode.Refine ? LoopMethodName : MethodName);

    public async Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
    {
        var p = problem as TabularProblem ?? throw new ArgumentException("the LLM generator needs a TabularProblem", nameof(problem));
        var attempt = history.Count;
        var messages = mode == LlmRuleMode.Refine && FeedbackLoop.Best(history) is { } best
            ? _builder.Refine(p, best, attempt)
            : _builder.Propose(p, attempt);
        var parser = new TabularRuleParser(p.Data, p.ClassTarget, _options.Prompt.MaxRules);
        var request = new ChatRequest
        {
            Messages = messages,
            Model = _options.Model,
            Temperature = _options.Temperature,
            MaxTokens = _options.MaxTokens,
            Seed = _options.Seed,
        };

        var reply = await model.CompleteAsync(request, cancellationToken);
        var usage = reply.Usage;
        var parsed = parser.ParseReply(reply.Text);
        var text = reply.Text;
        if (!parsed.Succeeded)
        {
            // Exactly one repair: the model sees its reply and every error, with line and token.
            var repair = request with { Messages = _builder.Repair(messages, reply.Text, parsed.Errors) };
            reply = await model.CompleteAsync(repair, cancellationToken);
            usage += reply.Usage;
            text = reply.Text;
            parsed = parser.ParseReply(reply.Text);
            if (!parsed.Succeeded)
            {
                throw new RuleReplyException(parsed.Errors);
            }
        }

        return new Candidate
        {
            Rules = parsed.Rules!,
            Usage = usage,
            Generator = Name,
            Model = reply.Model ?? model.Name,
            PromptHash = Hash(messages),
            RawResponse = text,
        };
    }

    /// <summary>SHA-256 of the prompt messages, for provenance and cache keys.</summary>
    public static string Hash(IReadOnlyList<ChatMessage> messages)
    {
        var sb = new StringBuilder();
        foreach (var m in messages)
        {
            sb.Append(m.Role).Append('\u001f').Append(m.Content).Append('\u001e');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];
    }
}
