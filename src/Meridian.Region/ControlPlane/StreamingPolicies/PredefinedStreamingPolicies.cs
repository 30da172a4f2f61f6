namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>
/// The six policies AMS provides in every account. Their names carry the reserved <c>Predefined_</c> prefix; they are
/// seeded at account creation and cannot be replaced or deleted. Labels follow what AMS returns from
/// <c>listContentKeys</c> (e.g. <c>clearKeyDefault</c> for <c>Predefined_ClearKey</c>).
/// </summary>
public static class PredefinedStreamingPolicies
{
    public const string Prefix = "Predefined_";
    public const string DownloadOnly = "Predefined_DownloadOnly";
    public const string ClearStreamingOnly = "Predefined_ClearStreamingOnly";
    public const string DownloadAndClearStreaming = "Predefined_DownloadAndClearStreaming";
    public const string ClearKey = "Predefined_ClearKey";
    public const string MultiDrmCencStreaming = "Predefined_MultiDrmCencStreaming";
    public const string MultiDrmStreaming = "Predefined_MultiDrmStreaming";

    private static readonly EnabledProtocols DashAndSmooth = Protocols(download: false, dash: true, hls: false, smooth: true);

    private static readonly CommonEncryptionCenc MultiDrmCenc = new()
    {
        EnabledProtocols = DashAndSmooth,
        ContentKeys = new StreamingPolicyContentKeys { DefaultKey = new DefaultKey { Label = "cencDefaultKey" } },
        Drm = new CencDrmConfiguration { PlayReady = new StreamingPolicyPlayReadyConfiguration(), Widevine = new StreamingPolicyWidevineConfiguration() },
    };

    /// <summary>The predefined policies in AMS order (without <c>created</c>, which is the account's creation time).</summary>
    public static IReadOnlyList<(string Name, StreamingPolicyProperties Properties)> All { get; } =
    [
        (DownloadOnly, Clear(Protocols(download: true, dash: false, hls: false, smooth: false))),
        (ClearStreamingOnly, Clear(Protocols(download: false, dash: true, hls: true, smooth: true))),
        (DownloadAndClearStreaming, Clear(Protocols(download: true, dash: true, hls: true, smooth: true))),
        (ClearKey, new StreamingPolicyProperties
        {
            EnvelopeEncryption = new EnvelopeEncryption
            {
                EnabledProtocols = Protocols(download: false, dash: true, hls: true, smooth: true),
                ContentKeys = new StreamingPolicyContentKeys { DefaultKey = new DefaultKey { Label = "clearKeyDefault" } },
            },
        }),
        (MultiDrmCencStreaming, new StreamingPolicyProperties { CommonEncryptionCenc = MultiDrmCenc }),
        (MultiDrmStreaming, new StreamingPolicyProperties
        {
            CommonEncryptionCenc = MultiDrmCenc,
            CommonEncryptionCbcs = new CommonEncryptionCbcs
            {
                EnabledProtocols = Protocols(download: false, dash: false, hls: true, smooth: false),
                ContentKeys = new StreamingPolicyContentKeys { DefaultKey = new DefaultKey { Label = "cbcsDefaultKey" } },
                Drm = new CbcsDrmConfiguration { FairPlay = new StreamingPolicyFairPlayConfiguration { AllowPersistentLicense = false } },
            },
        }),
    ];

    /// <summary>True for the name of one of the six predefined policies (any casing).</summary>
    public static bool IsPredefined(string name) => All.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for names with the reserved prefix, which new policies may not use.</summary>
    public static bool IsReserved(string name) => name?.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) == true;

    private static StreamingPolicyProperties Clear(EnabledProtocols protocols) =>
        new() { NoEncryption = new NoEncryption { EnabledProtocols = protocols } };

    private static EnabledProtocols Protocols(bool download, bool dash, bool hls, bool smooth) =>
        new() { Download = download, Dash = dash, Hls = hls, SmoothStreaming = smooth };
}
