namespace Meridian.Cli.Client;

/// <summary>
/// <c>meridian … delete NAME</c> for a collection of the account: deletes the resource, or says it did not exist. A
/// refusal (a policy a locator uses, a predefined policy) is the service's, printed as for every verb.
/// </summary>
public abstract class DeleteCommand(Terminal terminal) : ApiCommand<NameSettings>(terminal)
{
    /// <summary>The ARM collection, e.g. <c>streamingLocators</c>.</summary>
    protected abstract string Collection { get; }

    /// <summary>What the resource is called in messages, e.g. "Locator".</summary>
    protected abstract string DisplayName { get; }

    protected override async Task<int> RunAsync(ControlPlaneClient client, NameSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var existed = await client.DeleteAsync($"{Collection}/{ControlPlaneClient.Segment(settings.Name)}", cancellationToken);
        Terminal.WriteLine(existed ? $"Deleted {DisplayName.ToLowerInvariant()} {settings.Name}." : $"{DisplayName} {settings.Name} did not exist.");
        return 0;
    }
}
