namespace RuleForge.EventCalculus.Domains;

/// <summary>One activity of a domain's catalogue: the fluent to learn, what it means and which fluents it builds on.</summary>
/// <param name="Name">The fluent's functor, e.g. <c>gap</c>.</param>
/// <param name="Signature">Its form and values, e.g. <c>gap(Vessel)=nearPorts | gap(Vessel)=farFromPorts</c>.</param>
/// <param name="Description">What it means, in plain language (the model's specification).</param>
/// <param name="Kind">Simple or statically determined.</param>
/// <param name="DependsOn">The catalogue fluents its definition uses (edges of the dependency graph).</param>
public sealed record ActivitySpec(string Name, string Signature, string Description, ActivityKind Kind, IReadOnlyList<string> DependsOn);
