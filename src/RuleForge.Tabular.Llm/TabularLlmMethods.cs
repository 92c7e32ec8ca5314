using RuleForge.Core.Errors;
using RuleForge.Core.Llm;
using RuleForge.Tabular.Llm.Generation;
using RuleForge.Tabular.Loop;

namespace RuleForge.Tabular.Llm;

/// <summary>Registers the LLM-backed tabular methods: <c>llm</c>, <c>llm-symbolic-loop</c>, <c>hybrid</c> and <c>adaptive</c>.</summary>
public static class TabularLlmMethods
{
    /// <summary>Methods that call a chat model (and so need <c>--provider</c>).</summary>
    public static readonly IReadOnlyList<string> Names = [LlmRuleGenerator.MethodName, LlmRuleGenerator.LoopMethodName, HybridRuleGenerator.MethodName, AdaptiveRuleGenerator.MethodName];

    public static bool NeedsChatModel(string method) => Names.Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <summary>The default registry (symbolic) plus the LLM methods.</summary>
    public static TabularGeneratorRegistry CreateRegistry(LlmGeneratorOptions? options = null)
    {
        var registry = TabularGeneratorRegistry.CreateDefault();
        Register(registry, options);
        return registry;
    }

    /// <summary>Adds the LLM methods; each takes its <see cref="IChatModel"/> from the context's services.</summary>
    public static void Register(TabularGeneratorRegistry registry, LlmGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(LlmRuleGenerator.MethodName, c => new LlmRuleGenerator(Model(c, LlmRuleGenerator.MethodName), LlmRuleMode.Propose, options));
        registry.Register(LlmRuleGenerator.LoopMethodName, c => new LlmRuleGenerator(Model(c, LlmRuleGenerator.LoopMethodName), LlmRuleMode.Refine, options));
        registry.Register(HybridRuleGenerator.MethodName, c => new HybridRuleGenerator(new LlmRuleGenerator(Model(c, HybridRuleGenerator.MethodName), LlmRuleMode.Refine, options)));
        registry.Register(AdaptiveRuleGenerator.MethodName, c =>
        {
            var model = Model(c, AdaptiveRuleGenerator.MethodName);
            return new AdaptiveRuleGenerator(
            [
                new SymbolicRuleGenerator(),
                new LlmRuleGenerator(model, LlmRuleMode.Refine, options),
                new HybridRuleGenerator(new LlmRuleGenerator(model, LlmRuleMode.Refine, options)),
            ]);
        });
    }

    private static IChatModel Model(TabularGeneratorContext context, string method) =>
        context.Services?.GetService(typeof(IChatModel)) as IChatModel
        ?? throw new InputException($"--method {method} calls a language model: pass --provider openai|anthropic and --model <name> (keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY)");
}
