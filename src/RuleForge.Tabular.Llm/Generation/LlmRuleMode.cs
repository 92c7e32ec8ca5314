namespace RuleForge.Tabular.Llm.Generation;

/// <summary>How an LLM generator uses the loop's history.</summary>
public enum LlmRuleMode
{
    /// <summary>Every iteration asks for a fresh rule set (with a re-drawn sample); the loop keeps the best (<c>llm</c>).</summary>
    Propose,

    /// <summary>After the first proposal, every iteration refines the best rules so far from the evaluator's feedback (<c>llm-symbolic-loop</c>).</summary>
    Refine,
}
