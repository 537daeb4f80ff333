//! Declarative helpers that turn a field list in wire order into a struct and its codec.

/// A struct whose fields are [`Wire`](crate::rop::Wire) values read and written in order.
macro_rules! wire_struct {
    ($(#[$m:meta])* $name:ident { $($f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $(
                #[doc = concat!("`", stringify!($f), "`, in wire order.")]
                pub $f: $t,
            )*
        }

        impl $crate::rop::Wire for $name {
            #[allow(unused_variables)]
            #[inline]
            fn read(r: &mut $crate::rop::Reader<'_>) -> $crate::rop::Result<Self> {
                Ok($name { $($f: <$t as $crate::rop::Wire>::read(r)?,)* })
            }
            #[allow(unused_variables)]
            #[inline]
            fn write(&self, out: &mut Vec<u8>) -> $crate::rop::Result<()> {
                $($crate::rop::Wire::write(&self.$f, out)?;)*
                Ok(())
            }
        }
    };
}
pub(crate) use wire_struct;

/// A ROP request: `logon_id` and `input_handle_index` (and, with `out` or `dest`, an
/// `output_handle_index` or `dest_handle_index`) in front of the listed fields. With `resp`
/// the ROP names the object its response refers to: `logon_id`, `response_handle_index`,
/// then `input_handle_index` (MS-OXCROPS 2.2.6.3.1, 2.2.6.15.1).
macro_rules! request {
    ($(#[$m:meta])* $name:ident { $($f:ident : $t:ty),* $(,)? }) => {
        $crate::rop::macros::wire_struct!($(#[$m])* $name { logon_id: u8, input_handle_index: u8, $($f: $t),* });
        impl $crate::rop::RequestHandles for $name {
            fn logon_id(&self) -> u8 { self.logon_id }
            fn input_handle_index(&self) -> Option<u8> { Some(self.input_handle_index) }
        }
    };
    ($(#[$m:meta])* $name:ident out { $($f:ident : $t:ty),* $(,)? }) => {
        $crate::rop::macros::wire_struct!($(#[$m])* $name { logon_id: u8, input_handle_index: u8, output_handle_index: u8, $($f: $t),* });
        impl $crate::rop::RequestHandles for $name {
            fn logon_id(&self) -> u8 { self.logon_id }
            fn input_handle_index(&self) -> Option<u8> { Some(self.input_handle_index) }
            fn output_handle_index(&self) -> Option<u8> { Some(self.output_handle_index) }
        }
    };
    ($(#[$m:meta])* $name:ident resp { $($f:ident : $t:ty),* $(,)? }) => {
        $crate::rop::macros::wire_struct!($(#[$m])* $name { logon_id: u8, response_handle_index: u8, input_handle_index: u8, $($f: $t),* });
        impl $crate::rop::RequestHandles for $name {
            fn logon_id(&self) -> u8 { self.logon_id }
            fn input_handle_index(&self) -> Option<u8> { Some(self.input_handle_index) }
        }
    };
    ($(#[$m:meta])* $name:ident dest { $($f:ident : $t:ty),* $(,)? }) => {
        $crate::rop::macros::wire_struct!($(#[$m])* $name { logon_id: u8, input_handle_index: u8, dest_handle_index: u8, $($f: $t),* });
        impl $crate::rop::RequestHandles for $name {
            fn logon_id(&self) -> u8 { self.logon_id }
            fn input_handle_index(&self) -> Option<u8> { Some(self.input_handle_index) }
            fn dest_handle_index(&self) -> Option<u8> { Some(self.dest_handle_index) }
        }
    };
}
pub(crate) use request;

/// A success response body (present only when ReturnValue is 0).
macro_rules! response {
    ($(#[$m:meta])* $name:ident { $($f:ident : $t:ty),* $(,)? }) => {
        $crate::rop::macros::wire_struct!($(#[$m])* $name { $($f: $t),* });
    };
}
pub(crate) use response;

/// A response body present whatever the ReturnValue.
macro_rules! always_response {
    ($(#[$m:meta])* $name:ident { $($f:ident : $t:ty),* $(,)? }) => {
        $crate::rop::macros::wire_struct!($(#[$m])* $name { $($f: $t),* });
        impl $crate::rop::ResponseBody for $name {
            fn read_body(
                r: &mut $crate::rop::Reader<'_>,
                _rc: u32,
                _ctx: &$crate::rop::ResponseContext<'_>,
            ) -> $crate::rop::Result<Self> {
                <$name as $crate::rop::Wire>::read(r)
            }
            fn write_body(&self, out: &mut Vec<u8>) -> $crate::rop::Result<()> {
                $crate::rop::Wire::write(self, out)
            }
        }
    };
}
pub(crate) use always_response;
