namespace RuleForge.Cli.Hosting;

/// <summary>
/// The provider and model a stored run was made with. <c>runs resume</c> uses them when no flag names a model, and
/// refuses a different one: one run's iterations come from one model, so its scores and provenance stay comparable.
/// </summary>
/// <param name="RunId">The run being resumed (named in the refusal).</param>
/// <param name="Provider">Provider name as <c>LlmProviders.Name</c> writes it (openai, anthropic).</param>
/// <param name="Model">Model name.</param>
public sealed record PinnedModel(string RunId, string Provider, string Model);
