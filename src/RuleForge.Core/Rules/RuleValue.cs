using System.Globalization;
using System.Text.Json.Serialization;
using RuleForge.Core.Serialization;

namespace RuleForge.Core.Rules;

/// <summary>A constant in a rule: a number, a text, a boolean, or a list of these (for <c>in</c> and <c>between</c>).</summary>
[JsonConverter(typeof(RuleValueJsonConverter))]
public sealed record RuleValue
{
    private RuleValue(RuleValueKind kind, double number, string? text, bool flag, IReadOnlyList<RuleValue>? items)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Flag = flag;
        Items = items;
    }

    public RuleValueKind Kind { get; }

    public double Number { get; }

    public string? Text { get; }

    public bool Flag { get; }

    public IReadOnlyList<RuleValue>? Items { get; }

    public static RuleValue Of(double number) => new(RuleValueKind.Number, number, null, false, null);

    public static RuleValue Of(string text) => new(RuleValueKind.Text, 0, text, false, null);

    public static RuleValue Of(bool flag) => new(RuleValueKind.Boolean, 0, null, flag, null);

    public static RuleValue List(IEnumerable<RuleValue> items) => new(RuleValueKind.List, 0, null, false, items.ToArray());

    public bool Equals(RuleValue? other) => other is not null && Kind == other.Kind && Kind switch
    {
        RuleValueKind.Number => Number.Equals(other.Number),
        RuleValueKind.Text => Text == other.Text,
        RuleValueKind.Boolean => Flag == other.Flag,
        _ => Items!.SequenceEqual(other.Items!),
    };

    public override int GetHashCode() => Kind switch
    {
        RuleValueKind.Number => HashCode.Combine(Kind, Number),
        RuleValueKind.Text => HashCode.Combine(Kind, Text),
        RuleValueKind.Boolean => HashCode.Combine(Kind, Flag),
        _ => Items!.Aggregate((int)Kind, (h, i) => HashCode.Combine(h, i)),
    };

    public override string ToString() => Kind switch
    {
        RuleValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        RuleValueKind.Text => Text!,
        RuleValueKind.Boolean => Flag ? "true" : "false",
        _ => "[" + string.Join(", ", Items!) + "]",
    };
}
