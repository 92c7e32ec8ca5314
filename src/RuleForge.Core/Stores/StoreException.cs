namespace RuleForge.Core.Stores;

/// <summary>A store could not do its work (database locked, unreachable, connection dropped); stored data is left intact.</summary>
public class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
