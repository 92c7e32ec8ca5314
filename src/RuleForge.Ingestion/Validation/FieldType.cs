namespace RuleForge.Ingestion.Validation;

/// <summary>The type a field's values are coerced to before storing.</summary>
public enum FieldType
{
    /// <summary>Anything (objects, arrays, mixed): stored as read.</summary>
    Any,
    String,
    Number,
    Boolean,
}
