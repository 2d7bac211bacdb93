"""Cases: patent-infringement administrative adjudication and trademark enforcement, on one
``Case`` model (joined-table inheritance) with parties, handlers, documents and deadlines."""
