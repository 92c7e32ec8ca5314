using RuleForge.Core.Llm;

namespace RuleForge.Llm.Costs;

/// <summary>
/// A cautious prompt-size estimate for budget checks before a call. Written by hand: no tokenizer covers every
/// provider's models; ~4 characters per token (the providers' rule of thumb) rounded up, plus per-message overhead.
/// </summary>
public static class TokenEstimate
{
    public static long Prompt(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long tokens = 3;
        foreach (var message in messages)
        {
            tokens += 4 + ((message.Content.Length + 3) / 4);
        }

        return tokens;
    }
}
