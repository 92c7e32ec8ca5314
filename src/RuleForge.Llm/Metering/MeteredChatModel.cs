using RuleForge.Core.Llm;
using RuleForge.Llm.Errors;

namespace RuleForge.Llm.Metering;

/// <summary>The outermost layer: adds every reply's usage (and every failure's retries) to a <see cref="UsageMeter"/>.</summary>
public sealed class MeteredChatModel(IChatModel inner, UsageMeter meter) : IChatModel
{
    public string Name => inner.Name;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await inner.CompleteAsync(request, cancellationToken);
            meter.Record(response.Usage);
            return response;
        }
        catch (LlmException e)
        {
            meter.RecordFailure(e.Retries);
            throw;
        }
    }
}
