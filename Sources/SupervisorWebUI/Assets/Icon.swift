/// The page icon and header logo: a small gauge, drawn as SVG (no image files).
enum Icon {
    static let svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f6f4a"/>\
        <circle cx="16" cy="17" r="9" fill="none" stroke="#fff" stroke-width="2.5"/>\
        <path d="M16 17l5-6" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/>\
        <circle cx="16" cy="17" r="2" fill="#fff"/></svg>

        """
}
