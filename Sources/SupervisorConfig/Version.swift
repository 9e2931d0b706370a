public enum SupervisorConfigVersion { public static let supervisorVersion = "4.3.0" }
