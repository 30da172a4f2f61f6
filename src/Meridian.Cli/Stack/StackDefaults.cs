namespace Meridian.Cli.Stack;

/// <summary>The names <c>meridian up</c> gives the local stack's account; the other verbs use them unless told otherwise.</summary>
public static class StackDefaults
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public const string ResourceGroup = "meridian";
    public const string Account = "meridian";

    /// <summary>Where <c>meridian up</c> keeps its data, relative to the working directory.</summary>
    public const string DataDirectory = ".meridian";

    /// <summary>The stack description <c>meridian up</c> writes into its data directory while it runs.</summary>
    public const string UpFileName = "up.json";

    /// <summary>The stack's bearer credential, shared by its regions.</summary>
    public const string ApiKeyFileName = "apikey";
}
