namespace RuleForge.Core.Errors;

/// <summary>Bad user input (a file, a field, a flag): the message names where and what; hosts answer with exit code 2.</summary>
public class InputException : Exception
{
    public InputException()
    {
    }

    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
